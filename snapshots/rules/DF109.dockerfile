# case: a gem without a version
FROM ruby:3.3
RUN gem install --no-document bundler
# ---
# case: -i's value is not a gem; an ONBUILD trigger
FROM ruby:3.3
ONBUILD RUN gem i -i /usr/local/gems rails:7.1.3 rake
# ---
# ok: gem:version
FROM ruby:3.3
RUN gem install bundler:2.5.9
# ---
# ok: -v and --version
FROM ruby:3.3
RUN gem install bundler -v 2.5.9 && gem install rake --version=13.0
# ---
# ok: other subcommands
FROM ruby:3.3
RUN gem update --system && gem list
